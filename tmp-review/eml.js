const fs=require('fs');
for (const f of process.argv.slice(2)) {
  const raw=fs.readFileSync(f,'utf8');
  const [head,...rest]=raw.split(/\r?\n\r?\n/);
  const subj=(head.match(/^Subject: (.*(?:\r?\n .*)*)/m)||[])[1]||'';
  const dec=s=>s.replace(/=\?UTF-8\?([BQ])\?(.*?)\?=/gi,(m,e,t)=>e.toUpperCase()==='B'?Buffer.from(t,'base64').toString():t).replace(/\r?\n /g,'');
  const to=(head.match(/^To: (.*)/m)||[])[1];
  // find text/plain part
  const m=raw.match(/Content-Type: text\/plain[^]*?\r?\n\r?\n([^]*?)\r?\n--/);
  let body=m?m[1]:'';
  const enc=(raw.match(/Content-Type: text\/plain[^]*?Content-Transfer-Encoding: (\S+)/)||[])[1];
  if(enc==='base64') body=Buffer.from(body.replace(/\s/g,''),'base64').toString();
  else if(enc==='quoted-printable') body=Buffer.from(body.replace(/=\r?\n/g,'').replace(/=([0-9A-F]{2})/g,(a,h)=>'%'+h),'latin1').toString(); 
  if(enc==='quoted-printable') body=decodeURIComponent(body.replace(/=\r?\n/g,'').replace(/%(?![0-9A-F]{2})/g,'%25'));
  console.log('#####',f,'To:',to,'\nSubject:',dec(subj),'\n'+body);
}
