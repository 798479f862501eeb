/**
 * The data tables behind tools/make-example.ts: names, places, products and notes of the fictional salon
 * 整体とリラクゼーション「ここち堂」 in 東京都世田谷区. Kept apart so the generator reads as logic.
 */
import { CATEGORY_HEADERS, DEFAULT_CATEGORY_ROWS } from '../../src/core/categories';

/** [kanji, katakana, romaji (for email addresses)] */
export type Reading = readonly [string, string, string];

// prettier-ignore
export const SURNAMES: readonly Reading[] = [
  ['佐藤', 'サトウ', 'sato'], ['鈴木', 'スズキ', 'suzuki'], ['高橋', 'タカハシ', 'takahashi'], ['田中', 'タナカ', 'tanaka'],
  ['伊藤', 'イトウ', 'ito'], ['渡辺', 'ワタナベ', 'watanabe'], ['山本', 'ヤマモト', 'yamamoto'], ['中村', 'ナカムラ', 'nakamura'],
  ['小林', 'コバヤシ', 'kobayashi'], ['加藤', 'カトウ', 'kato'], ['吉田', 'ヨシダ', 'yoshida'], ['山田', 'ヤマダ', 'yamada'],
  ['佐々木', 'ササキ', 'sasaki'], ['山口', 'ヤマグチ', 'yamaguchi'], ['松本', 'マツモト', 'matsumoto'], ['井上', 'イノウエ', 'inoue'],
  ['木村', 'キムラ', 'kimura'], ['林', 'ハヤシ', 'hayashi'], ['斎藤', 'サイトウ', 'saito'], ['清水', 'シミズ', 'shimizu'],
  ['山崎', 'ヤマザキ', 'yamazaki'], ['森', 'モリ', 'mori'], ['池田', 'イケダ', 'ikeda'], ['橋本', 'ハシモト', 'hashimoto'],
  ['阿部', 'アベ', 'abe'], ['石川', 'イシカワ', 'ishikawa'], ['前田', 'マエダ', 'maeda'], ['藤田', 'フジタ', 'fujita'],
  ['小川', 'オガワ', 'ogawa'], ['岡田', 'オカダ', 'okada'], ['後藤', 'ゴトウ', 'goto'], ['長谷川', 'ハセガワ', 'hasegawa'],
  ['村上', 'ムラカミ', 'murakami'], ['近藤', 'コンドウ', 'kondo'], ['石井', 'イシイ', 'ishii'], ['坂本', 'サカモト', 'sakamoto'],
  ['遠藤', 'エンドウ', 'endo'], ['青木', 'アオキ', 'aoki'], ['藤井', 'フジイ', 'fujii'], ['西村', 'ニシムラ', 'nishimura'],
  ['福田', 'フクダ', 'fukuda'], ['太田', 'オオタ', 'ota'], ['三浦', 'ミウラ', 'miura'], ['岡本', 'オカモト', 'okamoto'],
  ['松田', 'マツダ', 'matsuda'], ['中川', 'ナカガワ', 'nakagawa'], ['中野', 'ナカノ', 'nakano'], ['原田', 'ハラダ', 'harada'],
  ['小野', 'オノ', 'ono'], ['竹内', 'タケウチ', 'takeuchi'], ['菅原', 'スガワラ', 'sugawara'], ['久保', 'クボ', 'kubo'],
  ['野口', 'ノグチ', 'noguchi'], ['千葉', 'チバ', 'chiba'],
];

// prettier-ignore
export const FEMALE_NAMES: readonly Reading[] = [
  ['美咲', 'ミサキ', 'misaki'], ['陽子', 'ヨウコ', 'yoko'], ['恵子', 'ケイコ', 'keiko'], ['由美', 'ユミ', 'yumi'],
  ['真由美', 'マユミ', 'mayumi'], ['優子', 'ユウコ', 'yuko'], ['直美', 'ナオミ', 'naomi'], ['智子', 'トモコ', 'tomoko'],
  ['明美', 'アケミ', 'akemi'], ['久美子', 'クミコ', 'kumiko'], ['さくら', 'サクラ', 'sakura'], ['結衣', 'ユイ', 'yui'],
  ['葵', 'アオイ', 'aoi'], ['陽菜', 'ヒナ', 'hina'], ['千尋', 'チヒロ', 'chihiro'], ['綾', 'アヤ', 'aya'],
  ['麻衣', 'マイ', 'mai'], ['彩花', 'アヤカ', 'ayaka'], ['奈々', 'ナナ', 'nana'], ['和子', 'カズコ', 'kazuko'],
  ['幸子', 'サチコ', 'sachiko'], ['典子', 'ノリコ', 'noriko'], ['香織', 'カオリ', 'kaori'], ['舞', 'マイ', 'mai'],
  ['理恵', 'リエ', 'rie'], ['亜希子', 'アキコ', 'akiko'], ['しおり', 'シオリ', 'shiori'], ['美穂', 'ミホ', 'miho'],
];

// prettier-ignore
export const MALE_NAMES: readonly Reading[] = [
  ['健太', 'ケンタ', 'kenta'], ['翔太', 'ショウタ', 'shota'], ['大輔', 'ダイスケ', 'daisuke'], ['拓也', 'タクヤ', 'takuya'],
  ['直樹', 'ナオキ', 'naoki'], ['浩二', 'コウジ', 'koji'], ['誠', 'マコト', 'makoto'], ['隆', 'タカシ', 'takashi'],
  ['茂', 'シゲル', 'shigeru'], ['博', 'ヒロシ', 'hiroshi'], ['健一', 'ケンイチ', 'kenichi'], ['和彦', 'カズヒコ', 'kazuhiko'],
  ['達也', 'タツヤ', 'tatsuya'], ['亮', 'リョウ', 'ryo'], ['蓮', 'レン', 'ren'], ['悠真', 'ユウマ', 'yuma'],
  ['大翔', 'ヒロト', 'hiroto'], ['秀樹', 'ヒデキ', 'hideki'], ['正人', 'マサト', 'masato'],
];

export interface Company {
  name: string;
  kana: string;
  emailLocal: string;
  phone: string;
  postalCode: string;
  address: string;
}

// prettier-ignore
export const COMPANIES: readonly Company[] = [
  { name: '株式会社みどり工務店', kana: 'カブシキガイシャミドリコウムテン', emailLocal: 'soumu.midori', phone: '03-3412-7788', postalCode: '〒154-0012', address: '東京都世田谷区駒沢3-8-12 みどりビル2F' },
  { name: '有限会社さくら不動産', kana: 'ユウゲンガイシャサクラフドウサン', emailLocal: 'sakura.fudosan', phone: '03-3706-2451', postalCode: '〒158-0083', address: '東京都世田谷区奥沢5-21-4' },
  { name: '三軒茶屋ファミリー歯科', kana: 'サンゲンジャヤファミリーシカ', emailLocal: 'info.sancha-dental', phone: '03-6805-3910', postalCode: '〒154-0024', address: '東京都世田谷区三軒茶屋2-11-20 サンタワーズ3F' },
];

/** [postal code, prefecture + city + town, highest 丁目] */
export type Town = readonly [string, string, number];

// prettier-ignore
export const SETAGAYA_TOWNS: readonly Town[] = [
  ['154-0001', '東京都世田谷区池尻', 4], ['154-0002', '東京都世田谷区下馬', 6], ['154-0003', '東京都世田谷区野沢', 4],
  ['154-0004', '東京都世田谷区太子堂', 5], ['154-0005', '東京都世田谷区三宿', 2], ['154-0011', '東京都世田谷区上馬', 5],
  ['154-0012', '東京都世田谷区駒沢', 5], ['154-0014', '東京都世田谷区新町', 3], ['154-0015', '東京都世田谷区桜新町', 2],
  ['154-0016', '東京都世田谷区弦巻', 5], ['154-0017', '東京都世田谷区世田谷', 4], ['154-0021', '東京都世田谷区豪徳寺', 2],
  ['154-0022', '東京都世田谷区梅丘', 3], ['154-0023', '東京都世田谷区若林', 5], ['154-0024', '東京都世田谷区三軒茶屋', 2],
  ['155-0031', '東京都世田谷区北沢', 5], ['155-0032', '東京都世田谷区代沢', 5], ['155-0033', '東京都世田谷区代田', 6],
  ['156-0043', '東京都世田谷区松原', 6], ['156-0052', '東京都世田谷区経堂', 5], ['156-0051', '東京都世田谷区宮坂', 3],
];

// prettier-ignore
export const KAWASAKI_TOWNS: readonly Town[] = [
  ['213-0001', '神奈川県川崎市高津区溝口', 6], ['211-0063', '神奈川県川崎市中原区小杉町', 3],
  ['216-0033', '神奈川県川崎市宮前区宮崎', 6],
];

export const BUILDINGS = [
  'コーポ若葉',
  'メゾン・ソレイユ',
  'パークハイツ',
  'グランドール',
  'サンライズマンション',
  'ハイム桜',
];

export type ShopCategory = '整体' | 'マッサージ' | '健康食品';

/** [product, price in yen, weight]: high-value courses and subscriptions sell less often. */
export type Product = readonly [string, number, number];

// prettier-ignore
export const PRODUCTS: Record<ShopCategory, readonly Product[]> = {
  整体: [['骨盤調整60分', 6600, 5], ['整体コース45分', 5500, 4], ['産後骨盤ケア60分', 7700, 2], ['肩こり集中ケア40分', 4950, 3], ['姿勢改善プログラム（5回券）', 33000, 1]],
  マッサージ: [['全身もみほぐし60分', 5500, 5], ['全身もみほぐし90分', 7700, 4], ['ヘッドスパ30分', 3300, 3], ['足つぼ40分', 4400, 2], ['もみほぐし回数券（10回）', 49500, 1]],
  健康食品: [['乳酸菌サプリ30日分', 4320, 5], ['青汁90包', 12960, 3], ['ソイプロテイン1kg', 6480, 2], ['酵素ドリンク720ml', 8640, 2], ['健康食品定期便（3か月セット）', 36000, 1]],
};

/** The owner 山本 appears twice: he sees most customers himself. */
export const STAFF = ['山本', '山本', '田村', '小松', '大野'];

// prettier-ignore
export const MEMOS = [
  '腰痛', '肩こり・首こり', '強めの圧が好み', '弱めの圧を希望', '土曜午前を希望', '駐車場を利用', 'デスクワーク',
  'ゴルフが趣味', '右膝に古傷', 'お子様連れ', 'ポイントカードあり', '回数券 残り3回', 'ラベンダーの香りが苦手',
  '妊娠中（うつ伏せ不可）', '夜20時以降を希望', '冷え性', '花粉症の時期は鼻づまり',
];

export const LONG_MEMO =
  '初回は肩こりの相談。デスクワークで一日8時間以上座っているとのこと。右肩が特に上がりにくく、左の腰にも張りあり。' +
  '強い圧は苦手なので、最初は弱めから様子を見る。次回は骨盤の歪みもチェックすると約束。' +
  'ご主人も腰痛で、今度一緒に来たいとのこと（土曜の午前が希望）。駐車場の場所を聞かれたので地図をお渡しした。';

export const IMPROVEMENTS = [
  '予約確認のお電話を前日に差し上げるようにしました',
  '施術前のカウンセリングで、圧の強さを必ず確認するようにしました',
  'お待たせしないよう、予約と予約の間を15分空けるようにしました',
];

export { CATEGORY_HEADERS };

/** The contract's default カテゴリ table as an owner types it: plain numbers as numbers, notes and — as text. */
export const CATEGORY_ROWS: readonly (readonly (string | number)[])[] = DEFAULT_CATEGORY_ROWS.map((row) =>
  row.map((cell) => (/^\d+$/.test(cell) ? Number(cell) : cell)),
);

/** Days in a カテゴリ column of the table above (1 = 初回フォロー日数, 2 = 電話確認日数, 3 = 提案日数). */
export function categoryDays(category: ShopCategory, column: 1 | 2 | 3): number {
  const row = CATEGORY_ROWS.find((r) => r[0] === category);
  return parseInt(String(row?.[column]), 10);
}
